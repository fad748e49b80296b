--[[
  May a trigger leave for Jenkins now? One round trip for both gates every trigger passes:
  the circuit breaker (while open, one caller at a time across all dispatchers is the probe) and
  JENKINS_MAX_TRIGGERS_PER_SECOND as a true sliding one-second window across all dispatchers.

  Input:
    KEYS[1] consecutive Jenkins failures (the circuit's state)
    KEYS[2] the probe lease
    KEYS[3] trigger times of the last second (sorted set)
    ARGV[1] failures that open the circuit
    ARGV[2] probe lease (ms): a probe in flight holds it at most this long
    ARGV[3] now (ms)
    ARGV[4] triggers per second (0 = unlimited)
    ARGV[5] longest wait before asking again while the circuit is open (ms)
    ARGV[6] a unique member for this trigger (the promotion id)
  Output: {0, 0} go | {1, wait ms} circuit open, another caller probes | {2, wait ms} rate limited
]]
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
if failures >= tonumber(ARGV[1]) then
  if not redis.call('SET', KEYS[2], '1', 'PX', ARGV[2], 'NX') then
    local ttl = redis.call('PTTL', KEYS[2])
    local base = tonumber(ARGV[5])
    return {1, math.min(math.max(ttl, math.floor(base / 4)), base)}
  end
end
local limit = tonumber(ARGV[4])
if limit > 0 then
  local now = tonumber(ARGV[3])
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 1000)
  if redis.call('ZCARD', KEYS[3]) >= limit then
    local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
    return {2, math.max(1, tonumber(oldest[2]) + 1000 - now)}
  end
  redis.call('ZADD', KEYS[3], now, ARGV[6])
  redis.call('PEXPIRE', KEYS[3], 2000)
end
return {0, 0}
