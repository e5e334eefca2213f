-- wrk script: every request logs one set, POST <url> with a JSON body, a unique Idempotency-Key
-- (a nonce for the run, the thread's number, a counter) and, for exhaust, a bearer token.
-- Arguments after `--`: nonce, token ("" for none), expected status (e.g. 201).
-- At the end it prints one line "wrk-json {...}": wrk's own figures (microseconds; the latency
-- at every 0.1 % of the requests) and every status seen, so the caller can check that every
-- request was answered as expected.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("number", #threads)
end

local body = '{"exercise": "bench press", "weight": 80, "unit": "kg", "reps": 8}'
local prefix, token, expected
local counter = 0
statuses = {}

function init(args)
   prefix = string.format("%s-%d-", args[1], number)
   token = args[2] or ""
   expected = tonumber(args[3] or "201")
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   if token ~= "" then
      wrk.headers["Authorization"] = "Bearer " .. token
   end
end

function request()
   counter = counter + 1
   wrk.headers["Idempotency-Key"] = prefix .. counter
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local seen, parts = {}, {}
   for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("statuses")) do
         seen[status] = (seen[status] or 0) + n
      end
   end
   for status, n in pairs(seen) do
      table.insert(parts, string.format('"%d": %d', status, n))
   end
   -- the latency at every 0.1 % of the requests: runs merge into one distribution
   local quantiles = {}
   for i = 1, 1000 do
      quantiles[i] = string.format("%d", latency:percentile(i / 10))
   end
   local e = summary.errors
   io.write(string.format(
      'wrk-json {"requests": %d, "duration_us": %d, "max_us": %d, '
         .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, "statuses": {%s}, "quantiles_us": [%s]}\n',
      summary.requests, summary.duration, latency.max, e.connect, e.read, e.write, e.timeout,
      table.concat(parts, ", "), table.concat(quantiles, ", ")))
end
