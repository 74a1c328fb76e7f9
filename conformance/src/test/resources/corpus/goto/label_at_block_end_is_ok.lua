-- a goto may jump to a label at the end of the block even past a local declaration
do
  goto finish
  local skipped = 1
  ::finish::
end
print("ok")
