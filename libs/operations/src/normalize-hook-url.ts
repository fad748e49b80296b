// The hook URL matcher lives in the domain library, shared with the reconciler's hook-health check.
export { isIngressHookUrl, normalizeHookUrl } from '@auto-promote/domain';
