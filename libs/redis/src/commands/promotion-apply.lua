--[[
  Applies one lifecycle transition to a promotion record, atomically: the status and the guard are checked
  and the patch written in one step, and the status index entry moves with the status. The rules come from
  the lifecycle table (libs/domain promotion-lifecycle.ts); this script only enforces what it is given.

  Input:
    KEYS[1] record
    KEYS[2] index of all promotions (for the entry's score)
    KEYS[3] latest pointer of the record's app and target (checked by the 'latest' guard)
    KEYS[4] history of the promotion (list, capped at ARGV[12] entries): the change is appended
    ARGV[1] patch JSON (`jenkins` is merged field by field)
    ARGV[2] now (ISO)
    ARGV[3] allowed statuses, comma-separated
    ARGV[4] guard: '' | 'no-trigger-intent' | 'latest' | 'merge-request-open' | 'blocked' | 'unlinked'
    ARGV[5] status index key prefix (the status is appended)
    ARGV[6] id
    ARGV[7] changes channel ('' = none): `promotion:<id>` is published there
    ARGV[8] retention (s), applied to the status index entered
    ARGV[9] superseded reason, for the 'latest' guard
    ARGV[10] trim before (ms): entries older than the retention leave the status index entered (amortised)
    ARGV[11] history entry JSON {event, note}; `at`, `from` and `to` are filled in here
    ARGV[12] most history entries kept
  Keys not in KEYS: the status indexes left and entered are `ARGV[5] .. status` (the status is only known
  once the record is read). ARGV[5] is the registry's `promotionsByStatus('')`, so they start with the
  prefix like every KEYS entry and share its hash tag: on Redis Cluster they are in the same slot
  (test/unit/redis/script-key-slots.test.ts proves it for every status).

  Output: {code, json, status before}: 1 applied | 0 missing | 2 refused (status or guard) |
          3 the 'latest' guard found a newer promotion: superseded instead
]]
local raw = redis.call('GET', KEYS[1])
if not raw then return {0, '', ''} end
local rec = cjson.decode(raw)
local allowed = false
for s in string.gmatch(ARGV[3], '[^,]+') do
  if s == rec.status then allowed = true end
end
if not allowed then return {2, raw, rec.status} end

local patch = cjson.decode(ARGV[1])
local code = 1
if ARGV[4] == 'no-trigger-intent' and rec.triggerIntentAt ~= nil and rec.triggerIntentAt ~= cjson.null then
  return {2, raw, rec.status}
end
if ARGV[4] == 'merge-request-open' and type(rec.mergeRequest) == 'table' and rec.mergeRequest.state ~= 'opened' then
  return {2, raw, rec.status}
end
if ARGV[4] == 'blocked' and (rec.blockedBy == nil or rec.blockedBy == cjson.null) then
  return {2, raw, rec.status}
end
if ARGV[4] == 'unlinked' and rec.previous ~= nil and rec.previous ~= cjson.null then
  return {2, raw, rec.status}
end
if ARGV[4] == 'latest' then
  local pointer = redis.call('GET', KEYS[3])
  if pointer then
    local newest = cjson.decode(pointer).id
    if newest ~= ARGV[6] then
      patch = { status = 'superseded', supersededBy = newest, reason = ARGV[9], frozen = cjson.null }
      code = 3
    end
  end
end

local old = rec.status
for k, v in pairs(patch) do
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
  local score = redis.call('ZSCORE', KEYS[2], ARGV[6]) or '0'
  local index = ARGV[5] .. rec.status
  redis.call('ZREM', ARGV[5] .. old, ARGV[6])
  redis.call('ZADD', index, score, ARGV[6])
  redis.call('EXPIRE', index, ARGV[8])
  if tonumber(score) % 64 == 0 then
    redis.call('ZREMRANGEBYSCORE', index, '-inf', string.format('(%.0f', tonumber(ARGV[10]) * 1000))
  end
end
local entry = cjson.decode(ARGV[11])
if code == 3 then
  entry.event = 'supersede'
  entry.note = ARGV[9]
end
entry.at = ARGV[2]
entry.from = old
entry.to = rec.status
redis.call('RPUSH', KEYS[4], cjson.encode(entry))
redis.call('LTRIM', KEYS[4], -tonumber(ARGV[12]), -1)
redis.call('EXPIRE', KEYS[4], ARGV[8])
if ARGV[7] ~= '' then redis.call('PUBLISH', ARGV[7], 'promotion:' .. ARGV[6]) end
return {code, out, old}
