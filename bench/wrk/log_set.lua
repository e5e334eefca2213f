-- wrk script: every request logs one set, POST <url> with a JSON body, a unique Idempotency-Key
-- (a nonce for the run, the thread's number, a counter) and, for exhaust, a bearer token.
-- Arguments after `--`: nonce, token ("" for none), expected status (e.g. 201).

-- report.lua, beside this script: statuses, response() and done()
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

function setup(thread)
   table.insert(threads, thread)
   thread:set("number", #threads)
end

local body = '{"exercise": "bench press", "weight": 80, "unit": "kg", "reps": 8}'
local prefix, token, expected
local counter = 0

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
