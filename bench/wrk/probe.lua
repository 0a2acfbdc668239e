-- One probe row of `make bench`, driven by wrk (bench/wrk.py writes the inputs).
--
-- Environment:
--   PROBE_PATHS   file of requests, one per line, in the order to send them (the query mix,
--                 already drawn with its Zipf-like distribution); each thread starts at
--                 another offset and cycles through it. A line is "path" or
--                 "path<TAB>cookie<TAB>expected" (signed-in rows: each request is another
--                 person, whose name the page must show)
--   PROBE_EXPECT  a word only the right page contains: a 200 without it is a body failure
--   PROBE_MODE    "get" (default), "signin": requests alternate between the sign-in form
--                 (GET) and its POST with the next account of PROBE_ACCOUNTS, or "commit":
--                 each thread is one learner (line "enrolment<TAB>cookie<TAB>csrf" of
--                 PROBE_PATHS, the thread's own) posting SCORM commits of one launch
--                 (sequence 1, 2, ...), 5 % of them sent again as a browser's retry; a 200
--                 must say "result": true. As the player's bridge does, the first commit
--                 goes with the session and CSRF, the next ones with the commit token its
--                 answer brought (X-Mentor-Commit-Token), without the session
--   PROBE_ACTIVITY  commit mode: the SCORM activity
--   PROBE_ACKS    commit mode: each thread writes "sent|acked|retried<TAB>enrolment<TAB>
--                 attempt<TAB>sequence" lines to PROBE_ACKS.<thread>, for the database check
--   PROBE_ACCOUNTS  signin mode: file of "email<TAB>password" lines
--   PROBE_CSRF    signin mode: the CSRF secret sent as both cookie and form field
--
-- Every response is checked; the totals are printed by done() as one JSON line
-- prefixed with "PROBE_RESULT ".

local threads = {}
local counter = 1

local function lines(path)
  local out = {}
  if path == nil or path == "" then return out end
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  return out
end

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end

local paths, accounts, expect, mode, csrf, login_path
local index, account_index, step, pending
local learner, acks, attempt, sequence, retrying, commit_path, commit_headers, token_headers
-- Globals of each thread's interpreter, read by done() through thread:get().
statuses, body_failures, signins, refused = {}, 0, 0, 0

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  paths = lines(os.getenv("PROBE_PATHS"))
  accounts = lines(os.getenv("PROBE_ACCOUNTS"))
  expect = os.getenv("PROBE_EXPECT") or ""
  mode = os.getenv("PROBE_MODE") or "get"
  csrf = os.getenv("PROBE_CSRF") or ""
  login_path = paths[1] or "/compte/login/"
  -- Spread the threads over the mix; the same seed per thread keeps runs comparable.
  math.randomseed(1000 + id)
  index = math.random(1, math.max(#paths, 1))
  account_index = math.random(1, math.max(#accounts, 1))
  step = 0
  pending = ""
  if mode == "commit" then
    -- One learner per thread (threads are numbered from 1), one launch per wrk run.
    local enrolment, cookie, token = paths[(id - 1) % #paths + 1]:match("^([^\t]+)\t([^\t]*)\t(.*)$")
    learner = enrolment
    commit_path = string.format("/scorm/execution/%s/%s/", enrolment, os.getenv("PROBE_ACTIVITY"))
    commit_headers = {
      ["X-Forwarded-For"] = string.format("10.%d.%d.%d", id % 256, math.random(0, 255), math.random(1, 254)),
      ["Cookie"] = cookie .. "; csrftoken=" .. token,
      ["X-CSRFToken"] = token,
      ["Content-Type"] = "application/json;charset=UTF-8",
    }
    attempt = string.format("wrk%d%04d%06d", os.time(), id, math.random(0, 999999))
    sequence, retrying = 0, false
    acks = assert(io.open(os.getenv("PROBE_ACKS") .. "." .. id, "w"))
  end
end

local function commit_body(seq)
  local seconds = math.min(seq * 20, 59)
  return string.format(
    '{"cmi": {"core": {"lesson_status": "incomplete", "lesson_location": "%d", '
      .. '"session_time": "0000:00:%02d.00", "score": {"raw": "", "min": "0", "max": "100"}}, '
      .. '"suspend_data": "page=%d"}, "attempt": "%s", "sequence": %d}',
    seq, seconds, seq, attempt, seq)
end

local function forwarded()
  -- Each request comes from another address (the stack trusts one proxy hop, as behind
  -- the production load balancer), so per-address limits apply per simulated person.
  return string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
end

function request()
  step = step + 1
  if mode == "commit" then
    -- The same commit again after an acknowledged one, now and then (a network retry):
    -- acknowledged again, stored once.
    if not retrying then
      sequence = sequence + 1
      acks:write(string.format("sent\t%s\t%s\t%d\n", learner, attempt, sequence))
    end
    return wrk.format("POST", commit_path, token_headers or commit_headers, commit_body(sequence))
  end
  local headers = { ["X-Forwarded-For"] = forwarded() }
  if mode == "signin" then
    if step % 2 == 1 then
      return wrk.format("GET", login_path, headers)
    end
    local line = accounts[account_index]
    account_index = account_index % #accounts + 1
    local email, password = line:match("^([^\t]+)\t(.*)$")
    headers["Cookie"] = "csrftoken=" .. csrf
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local body = "csrfmiddlewaretoken=" .. csrf .. "&login=" .. urlencode(email)
      .. "&password=" .. urlencode(password)
    return wrk.format("POST", login_path, headers, body)
  end
  local path, cookie, person = paths[index]:match("^([^\t]+)\t([^\t]*)\t(.*)$")
  if path == nil then path = paths[index] end
  if cookie and cookie ~= "" then headers["Cookie"] = cookie end
  index = index % #paths + 1
  -- bench/probes.py runs one connection per thread, so a thread's responses come in the
  -- order of its requests: the next response is this person's page.
  pending = person or ""
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if mode == "commit" then
    local acknowledged = status == 200
      and (string.find(body, '"result": true', 1, true) or string.find(body, '"result":true', 1, true))
    if status == 200 and not acknowledged then
      body_failures = body_failures + 1
    end
    local token = headers["X-Mentor-Commit-Token"] or headers["x-mentor-commit-token"]
    if token then
      token_headers = {
        ["X-Forwarded-For"] = commit_headers["X-Forwarded-For"],
        ["X-Mentor-Commit"] = token,
        ["Content-Type"] = commit_headers["Content-Type"],
      }
    elseif status == 403 then
      token_headers = nil -- refused: the session again, which renews it
    end
    if acknowledged then
      acks:write(string.format("%s\t%s\t%s\t%d\n", retrying and "retried" or "acked", learner,
        attempt, sequence))
      retrying = not retrying and math.random() < 0.05
    else
      retrying = false
    end
    acks:flush()
    return
  end
  if status == 200 then
    if expect ~= "" and not string.find(body, expect, 1, true) then
      body_failures = body_failures + 1
    elseif pending ~= "" and not string.find(body, pending, 1, true) then
      body_failures = body_failures + 1
    end
  elseif status == 302 and mode == "signin" then
    local location = headers["Location"] or headers["location"] or ""
    if string.find(location, login_path, 1, true) then
      refused = refused + 1
    else
      signins = signins + 1
    end
  end
end

function done(summary, latency, requests)
  local total_statuses = {}
  local bodies, ins, refusals = 0, 0, 0
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses") or {}) do
      local key = tostring(code)
      total_statuses[key] = (total_statuses[key] or 0) + n
    end
    bodies = bodies + (tonumber(thread:get("body_failures")) or 0)
    ins = ins + (tonumber(thread:get("signins")) or 0)
    refusals = refusals + (tonumber(thread:get("refused")) or 0)
  end
  local codes = {}
  for code, n in pairs(total_statuses) do codes[#codes + 1] = string.format('"%s": %d', code, n) end
  local e = summary.errors
  io.write(string.format(
    'PROBE_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"statuses": {%s}, "body_failures": %d, "signins": %d, "signins_refused": %d, '
      .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
      .. '"latency_us": {"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes, table.concat(codes, ", "), bodies, ins,
    refusals, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
