import type { AppDeps } from './deps';

/** The links of a batch's representation; `collection` is where batches of its kind are read. */
export function batchLinks(
  { temporal, temporalUiUrl }: Pick<AppDeps, 'temporal' | 'temporalUiUrl'>,
  collection: '/api/v1/batches' | '/api/v1/rank-batches',
  { id, workflowId }: { id: string; workflowId: string },
) {
  return {
    self: `${collection}/${encodeURIComponent(id)}`,
    audit: `/api/v1/batches/${encodeURIComponent(id)}/audit`,
    ...(temporalUiUrl
      ? {
          temporalUi: `${temporalUiUrl}/namespaces/${temporal.options.namespace}/workflows/${encodeURIComponent(workflowId)}`,
        }
      : {}),
  };
}
