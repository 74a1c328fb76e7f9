-- the "not found" message has one line per searcher (C searchers removed to compare with stock Lua)
package.searchers[4] = nil
package.searchers[3] = nil
package.path = "./no_such_dir/?.lua;./no_such_dir/?/init.lua"
print(pcall(require, "nomod"))
print(pcall(require, "a.b.c"))
package.preload.num = 42   -- a non-function that is a string or number joins the message
print(pcall(require, "num"))
package.preload.tab = {}   -- anything else is skipped
print(pcall(require, "tab"))
package.path = ""
print(pcall(require, "empty"))
