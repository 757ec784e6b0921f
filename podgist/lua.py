"""The Lua scripts the store runs in Redis: each is one atomic decision, made where the data is.

Standalone Redis only: the scripts build some key names from their arguments (not all keys are passed
in ``KEYS``), which Redis Cluster does not allow.
"""

# Alias → episode in ONE round trip, for an alias this process does not remember yet.
CACHED_BY_ALIAS = """
local id = redis.call('GET', KEYS[1])
if not id then return false end
local found = redis.call('HMGET', ARGV[1] .. id, 'json', 'tag', 'stamp')
if not found[1] then return false end
return {id, found[1], found[2] or '', found[3] or ''}
"""

# Create the lookup unless a live one exists. A failed one may be retried after a back-off, a stuck one
# after `stale` seconds, a done one when its episode is gone (evicted) or, after `done_after` seconds, when
# it was analyzed by another engine version (ARGV[7] = the current tag, ARGV[8] = the episode key prefix).
# A lookup is not stuck while a job that carries it on still waits on a queue, queued and not running
# (ARGV[9] and ARGV[10] = the queue's job and in-progress key prefixes, `keys.QueueKeys`): its first job (ids
# as `podgist.lookups.job_id` makes them) while it is queued, or the job a worker handed it on to (KEYS[2],
# `keys.lookup_job`: speech-to-text, or a wait for another lookup's build). In a long backlog, queueing it
# again would only move it to the back; a running job that stopped reporting is stuck like any other.
# The episode is checked here and not only by the caller's cache lookup just before: a request that missed
# the cache an instant before the job saved the episode must join the finished lookup, not run it again.
# Returns {created(0/1), json}.
CREATE_LOOKUP = """
local cur = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[2])
local function rebuild(l, age)
  if type(l['episodeId']) ~= 'string' then return true end
  local tag = redis.call('HGET', ARGV[8] .. l['episodeId'], 'tag')
  if not tag then return true end
  return tag ~= ARGV[7] and age >= tonumber(ARGV[6])
end
local function on_queue(job)
  return redis.call('EXISTS', ARGV[9] .. job) == 1 and redis.call('EXISTS', ARGV[10] .. job) == 0
end
local function waiting(l)
  if ARGV[9] == '' or ARGV[10] == '' then return false end
  local gen = tostring(l['generation'] or 0)
  if l['status'] == 'queued' and on_queue(l['id'] .. ':' .. gen) then return true end
  local next_gen, next_job = string.match(redis.call('GET', KEYS[2]) or '', '^(%d+)|(.+)$')
  return next_gen == gen and on_queue(next_job)
end
if cur then
  local l = cjson.decode(cur)
  local age = now - (l['updatedAt'] or 0)
  local retry = (l['status'] == 'failed' and age >= tonumber(ARGV[3]))
    or (l['status'] == 'done' and rebuild(l, age))
    or (l['status'] ~= 'failed' and l['status'] ~= 'done' and age >= tonumber(ARGV[4]) and not waiting(l))
  if not retry then return {0, cur} end
  local fresh = cjson.decode(ARGV[1])
  fresh['generation'] = (l['generation'] or 0) + 1
  local out = cjson.encode(fresh)
  redis.call('SET', KEYS[1], out, 'EX', ARGV[5])
  return {1, out}
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[5])
return {1, ARGV[1]}
"""

# Progress written by a job only while it still owns the lookup (same generation), then announced.
UPDATE_LOOKUP = """
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local l = cjson.decode(cur)
if (l['generation'] or 0) ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
redis.call('PUBLISH', KEYS[2], ARGV[3])
return 1
"""

# Take the build claim when it is free, or when it is already in this lookup's name: a lookup runs one
# job at a time, so a claim in its name was left by a run that died (kill -9, lost node) and must not
# make the retry wait for itself until the claim expires.
ACQUIRE = """
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
"""

RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
