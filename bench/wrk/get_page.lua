-- wrk script: GET <url> over and over with one extra header, the session cookie of a signed-in
-- browser ("Cookie", "exhaust_session=...") or an API token ("Authorization", "Bearer ...").
-- Arguments after `--`: header name ("" for none), header value.
-- At the end it prints one line "wrk-json {...}": wrk's own figures (microseconds; the latency
-- at every 0.1 % of the requests) and every status seen, so the caller can check that every
-- request was answered 200 (a redirect to the sign-in page counts as a success in wrk's summary).

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

statuses = {}

function init(args)
   if args[1] and args[1] ~= "" then
      wrk.headers[args[1]] = args[2]
   end
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
