--[[
  Lifts a block: its record keeps who lifted it and when (the audit), and it leaves its app's active blocks.

  Input:
    KEYS[1] the block's record
    KEYS[2] the app's active blocks (hash field → block JSON)
    ARGV[1] the block's field in KEYS[2]
    ARGV[2] lifted at (ISO)
    ARGV[3] lifted by
    ARGV[4] id
    ARGV[5] changes channel ('' = none): `block:<id>` is published there
  Output: {1, json} lifted | {2, json} lifted before | {0, ''} no such block
]]
local raw = redis.call('GET', KEYS[1])
if not raw then return {0, ''} end
local block = cjson.decode(raw)
if block.liftedAt ~= nil and block.liftedAt ~= cjson.null then return {2, raw} end
block.liftedAt = ARGV[2]
block.liftedBy = ARGV[3]
local out = cjson.encode(block)
redis.call('SET', KEYS[1], out)
local active = redis.call('HGET', KEYS[2], ARGV[1])
if active and cjson.decode(active).id == ARGV[4] then redis.call('HDEL', KEYS[2], ARGV[1]) end
if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], 'block:' .. ARGV[4]) end
return {1, out}
