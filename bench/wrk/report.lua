-- What the wrk scripts of bench/serve.py share: every status seen, counted per thread, and at
-- the end one line "wrk-json {...}" with wrk's own figures (microseconds; the latency at every
-- 0.1 % of the requests, so runs merge into one distribution) and those statuses, so the
-- caller can check that every request got the answer it expects (wrk's own summary counts a
-- redirect to the sign-in page as a success). A script loads it with dofile (below) and
-- keeps its threads in `threads`.

threads = {}
statuses = {}

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
