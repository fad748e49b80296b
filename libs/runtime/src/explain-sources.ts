import { JenkinsGateView } from '@auto-promote/records';
import type { ExplainSources } from '@auto-promote/operations';
import { previewPush } from '@auto-promote/planner';
import type { Infrastructure } from './infrastructure';

/** What `explain` reads, from the one infrastructure factory: the CLI and the HTTP API compose it here. */
export function explainSources(infra: Infrastructure): ExplainSources {
  return {
    config: infra.config,
    promotions: infra.promotions,
    events: infra.events,
    latest: infra.latest,
    freezes: infra.activeFreezes,
    blocks: infra.blocks,
    hookHealth: infra.hookHealth,
    gate: new JenkinsGateView(infra.redis, infra.prefix),
    gitlab: infra.gitlab(),
    previewPush,
  };
}
