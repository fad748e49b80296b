--[[
  Admits a push event in one round trip: -1 when the event was accepted before (a redelivery), else its
  arrival order on its branch — incremented unless the caller brings one.

  Input:
    KEYS[1] accepted marker of the event
    KEYS[2] push-order counter of the branch
    ARGV[1] '1' to take the next push order, '0' when the caller brings one
  Output: -1 (redelivery) | 0 (caller's order) | the push order
]]
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
if ARGV[1] == '0' then return 0 end
return redis.call('INCR', KEYS[2])
