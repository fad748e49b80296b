import blockLift from './commands/block-lift.lua';
import blockPlace from './commands/block-place.lua';
import circuitClose from './commands/circuit-close.lua';
import circuitFailure from './commands/circuit-failure.lua';
import compareAndSet from './commands/compare-and-set.lua';
import promotionApply from './commands/promotion-apply.lua';
import promotionCreate from './commands/promotion-create.lua';
import pushAdmit from './commands/push-admit.lua';
import triggerGate from './commands/trigger-gate.lua';
import { LuaScript } from './lua-script';

/** Every Lua script the service runs; each file in ./commands documents its KEYS and ARGV. */
export const SCRIPTS = {
  blockLift: new LuaScript('block-lift', blockLift),
  blockPlace: new LuaScript('block-place', blockPlace),
  circuitClose: new LuaScript('circuit-close', circuitClose),
  circuitFailure: new LuaScript('circuit-failure', circuitFailure),
  compareAndSet: new LuaScript('compare-and-set', compareAndSet),
  promotionApply: new LuaScript('promotion-apply', promotionApply),
  promotionCreate: new LuaScript('promotion-create', promotionCreate),
  pushAdmit: new LuaScript('push-admit', pushAdmit),
  triggerGate: new LuaScript('trigger-gate', triggerGate),
} as const;
