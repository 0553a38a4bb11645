export { selectionBatch } from './selection-batch';
export { probation } from './probation';
