--[[
  Compare-and-set of a string key, optionally unless the record the current value points to holds on.

  Input:
    KEYS[1] the key
    KEYS[2] (optional) the record the current value names; its JSON `status` is checked
    ARGV[1] expected current value ('' = none)
    ARGV[2] new value
    ARGV[3] '1' when an absent key also matches (a head that was never set), else '0'
    ARGV[4] (optional) comma-separated statuses: when KEYS[2] is in one of them nothing is set
  Output: 1 set | 0 the key holds another value | 2 the named record is in one of the statuses
]]
local current = redis.call('GET', KEYS[1])
if current then
  if current ~= ARGV[1] then return 0 end
elseif not (ARGV[3] == '1' or ARGV[1] == '') then
  return 0
end
if KEYS[2] and ARGV[4] and ARGV[4] ~= '' then
  local raw = redis.call('GET', KEYS[2])
  if raw then
    local status = cjson.decode(raw).status
    for s in string.gmatch(ARGV[4], '[^,]+') do
      if s == status then return 2 end
    end
  end
end
redis.call('SET', KEYS[1], ARGV[2])
return 1
