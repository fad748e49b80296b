--[[
  Places a block of an app's version, unless an active block already holds the same version and target.

  Input:
    KEYS[1] the app's active blocks (hash field → block JSON)
    KEYS[2] the block's record (its id was allocated by the caller)
    KEYS[3] index of every block (zset, scored by creation time)
    ARGV[1] field: `tag:<tag>@<target|*>` or `sha:<sha>@<target|*>`
    ARGV[2] block JSON
    ARGV[3] score (ms since the epoch)
    ARGV[4] id
    ARGV[5] changes channel ('' = none): `block:<id>` is published there
  Output: {1, json} placed | {0, json of the active block already there}
]]
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return {0, existing} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], 'block:' .. ARGV[4]) end
return {1, ARGV[2]}
