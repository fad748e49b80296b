/**
 * Every key the service writes outside BullMQ's own, in one place. All start with the configured
 * prefix, so on Redis Cluster a `{auto-promote}` prefix keeps them in one slot with the queues.
 */
export function redisKeys(prefix: string) {
  return {
    eventAccepted: (eventId: string) => `${prefix}:event-accepted:${eventId}`,
    event: (eventId: string) => `${prefix}:event:${eventId}`,
    eventsIndex: `${prefix}:events:idx`,
    promotion: (id: string) => `${prefix}:promotion:${id}`,
    promotionsIndex: `${prefix}:promotions:idx:all`,
    promotionsSequence: `${prefix}:promotions:seq`,
    promotionsByApp: (app: string) => `${prefix}:promotions:idx:app:${app}`,
    promotionsByTarget: (target: string) => `${prefix}:promotions:idx:target:${target}`,
    promotionsByStatus: (status: string) => `${prefix}:promotions:idx:status:${status}`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
