export { selectionBatch } from './selection-batch';
