import type { Scenario } from '../support/bench-context';
import { ackLatency } from './ack-latency';
import { backlogDrain } from './backlog-drain';
import { burst } from './burst';
import { costPerPromotion } from './cost-per-promotion';
import { endToEndLatency } from './end-to-end-latency';
import { ingressThroughput } from './ingress-throughput';
import { jenkinsPolls } from './jenkins-polls';
import { largePush } from './large-push';
import { redisFootprint } from './redis-footprint';
import { retention } from './retention';

/** Every scenario, in the order a full run takes them (later ones use figures of earlier ones). */
export const SCENARIOS: readonly Scenario[] = [
  ingressThroughput,
  ackLatency,
  endToEndLatency,
  burst,
  backlogDrain,
  largePush,
  jenkinsPolls,
  redisFootprint,
  retention,
  costPerPromotion,
];
