--[[
  Creates a promotion record and indexes it, unless it exists (then returns the stored JSON).
  Index scores are `createdAt ms * 1000 + sequence`: unique and in creation order, so pages never skip or
  repeat records created in the same millisecond, and retention trims by time. Each index written expires
  one retention after its last write, so an index nobody writes any more does not outlive its records.

  Input:
    KEYS[1] record
    KEYS[2] sequence
    KEYS[3] history of the promotion (list): its first entry is written here
    KEYS[4..n] indexes: all, by app, by status
    ARGV[1] record JSON
    ARGV[2] id
    ARGV[3] now (ms)
    ARGV[4] retention (s)
    ARGV[5] trim before (ms)
    ARGV[6] changes channel ('' = none): `promotion:<id>` is published there
    ARGV[7] the history entry JSON
  Output: the existing record's JSON, or false when created
]]
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[4])
local seq = redis.call('INCR', KEYS[2])
local score = string.format('%.0f', tonumber(ARGV[3]) * 1000 + seq % 1000)
-- Trimming is amortised: every 64th record trims each index it writes.
local trim = seq % 64 == 0
redis.call('DEL', KEYS[3])
redis.call('RPUSH', KEYS[3], ARGV[7])
redis.call('EXPIRE', KEYS[3], ARGV[4])
for i = 4, #KEYS do
  redis.call('ZADD', KEYS[i], score, ARGV[2])
  redis.call('EXPIRE', KEYS[i], ARGV[4])
  if trim then
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', string.format('(%.0f', tonumber(ARGV[5]) * 1000))
  end
end
if ARGV[6] ~= '' then redis.call('PUBLISH', ARGV[6], 'promotion:' .. ARGV[2]) end
return false
