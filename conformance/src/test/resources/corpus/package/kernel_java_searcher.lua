-- kernel-only: the third searcher looks for Java modules provided to the state, by exact name
local loader, data = package.searchers[3]("no.such")
print(loader, data)
print(package.searchers[3]("string"))
package.path = "./no_such_dir/?.lua"
print(pcall(require, "crypto.shash"))
