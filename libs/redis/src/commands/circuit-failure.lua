--[[
  Records a failed call to Jenkins. Below the threshold the failure is isolated; from it on the circuit is
  open and the next probe may go only after a pause that doubles per further failure, up to the cap.
  The state expires by itself, so a dead dispatcher cannot leave the circuit open for ever.

  Input:
    KEYS[1] consecutive failures
    KEYS[2] the probe lease
    ARGV[1] failures that open the circuit
    ARGV[2] first pause (ms)
    ARGV[3] longest pause (ms)
  Output: {failures, pause ms}; pause -1 while the circuit stays closed
]]
local failures = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 4)
local threshold = tonumber(ARGV[1])
if failures < threshold then return {failures, -1} end
local opened = math.min(failures - threshold, 30)
local pause = math.min(tonumber(ARGV[2]) * 2 ^ opened, tonumber(ARGV[3]))
redis.call('SET', KEYS[2], '1', 'PX', math.floor(pause))
return {failures, math.floor(pause)}
