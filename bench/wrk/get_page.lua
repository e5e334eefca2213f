-- wrk script: GET <url> over and over with one extra header, the session cookie of a signed-in
-- browser ("Cookie", "exhaust_session=...") or an API token ("Authorization", "Bearer ...").
-- Arguments after `--`: header name ("" for none), header value.

-- report.lua, beside this script: statuses, response() and done()
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   if args[1] and args[1] ~= "" then
      wrk.headers[args[1]] = args[2]
   end
end
