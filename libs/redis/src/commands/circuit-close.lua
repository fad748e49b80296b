--[[
  A call to Jenkins succeeded, in whatever process: the circuit closes, and the promotions parked by
  failed calls are handed back to be released at once. Costs one read while the circuit is closed.

  Input:
    KEYS[1] consecutive failures
    KEYS[2] the probe lease
    KEYS[3] promotions parked by failed calls (set of ids)
  Output: {failures before, parked ids…}
]]
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
if failures == 0 then return {0} end
local parked = redis.call('SMEMBERS', KEYS[3])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
local out = {failures}
for _, id in ipairs(parked) do out[#out + 1] = id end
return out
