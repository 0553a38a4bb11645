export { selectionBatch } from './selection-batch';
export { probation } from './probation';
export { rankPromotionBatch } from './rank-promotion';
