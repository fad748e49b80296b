import { effectiveEnv, readDockerfile } from '../../test/deploy/support/dockerfile';

/**
 * NODE_OPTIONS of the service image (the V8 heap limits), read from the Dockerfile so the role processes
 * of the benchmarks run the way the image runs them.
 */
export function shippedNodeOptions(): string {
  const service = readDockerfile('Dockerfile').stages.find((s) => s.name === 'service');
  if (!service) throw new Error('Dockerfile: no service stage');
  return effectiveEnv(service).get('NODE_OPTIONS') ?? '';
}
