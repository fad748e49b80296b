import { LuaScript } from '@auto-promote/queues';

/**
 * Creates a record and indexes it unless it exists (then returns the stored JSON).
 * Index scores are `createdAt ms * 1000 + sequence`: unique and in creation order, so pages never
 * skip or repeat records created in the same millisecond, and retention trims by time. Each index
 * written expires one retention after its last write, when the newest record in it has expired too: an
 * index nobody writes any more (an app no longer promoted) does not outlive its records.
 * KEYS: record, sequence, index all, by app, by target, by status.
 * ARGV: json, id, now ms, ttl s, trim-before ms, and the changes channel ('' for none): a created record
 * publishes `promotion:<id>` there.
 */
export const CREATE_RECORD = new LuaScript(`
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[4])
local seq = redis.call('INCR', KEYS[2]) % 1000
local score = string.format('%.0f', tonumber(ARGV[3]) * 1000 + seq)
local trim = string.format('(%.0f', tonumber(ARGV[5]) * 1000)
for i = 3, #KEYS do
  redis.call('ZADD', KEYS[i], score, ARGV[2])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', trim)
  redis.call('EXPIRE', KEYS[i], ARGV[4])
end
if ARGV[6] and ARGV[6] ~= '' then redis.call('PUBLISH', ARGV[6], 'promotion:' .. ARGV[2]) end
return false
`);

/**
 * Applies a patch atomically, optionally only from given statuses, and moves the status index entry.
 * KEYS: record, index all. ARGV: patch json, now iso, allowed statuses csv or '', status index prefix, id,
 * a field that must still be unset ('' for none), the changes channel ('' for none): an applied patch
 * publishes `promotion:<id>` there, then the retention (ttl s, trim-before ms) applied to the status index
 * the record moves into, as CREATE_RECORD applies it to the indexes it writes.
 * Returns {1, json} on success, {0, ''} when missing, {2, json} when the current status or field forbade it.
 * The status index key is built here from the prefix; with a {hash-tagged} prefix it shares the slot.
 */
export const UPDATE_RECORD = new LuaScript(`
local raw = redis.call('GET', KEYS[1])
if not raw then return {0, ''} end
local rec = cjson.decode(raw)
if ARGV[3] ~= '' then
  local allowed = false
  for s in string.gmatch(ARGV[3], '[^,]+') do
    if s == rec.status then allowed = true end
  end
  if not allowed then return {2, raw} end
end
if ARGV[6] ~= '' and rec[ARGV[6]] ~= nil and rec[ARGV[6]] ~= cjson.null then return {2, raw} end
local old = rec.status
for k, v in pairs(cjson.decode(ARGV[1])) do
  if k == 'jenkins' and type(v) == 'table' and type(rec.jenkins) == 'table' then
    for jk, jv in pairs(v) do rec.jenkins[jk] = jv end
  else
    rec[k] = v
  end
end
rec.updatedAt = ARGV[2]
local out = cjson.encode(rec)
redis.call('SET', KEYS[1], out, 'KEEPTTL')
if rec.status ~= old then
  local score = redis.call('ZSCORE', KEYS[2], ARGV[5]) or '0'
  local index = ARGV[4] .. rec.status
  redis.call('ZREM', ARGV[4] .. old, ARGV[5])
  redis.call('ZADD', index, score, ARGV[5])
  if ARGV[8] and ARGV[8] ~= '' then
    redis.call('ZREMRANGEBYSCORE', index, '-inf', string.format('(%.0f', tonumber(ARGV[9]) * 1000))
    redis.call('EXPIRE', index, ARGV[8])
  end
end
if ARGV[7] and ARGV[7] ~= '' then redis.call('PUBLISH', ARGV[7], 'promotion:' .. ARGV[5]) end
return {1, out}
`);
