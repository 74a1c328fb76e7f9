repeat
  local done = true
  goto continue
  local after = 1
  ::continue::
until done
