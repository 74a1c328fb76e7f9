-- labels followed only by ';' and other labels still count as the end of the block
do
  goto l1
  local x = 1
  ::l1:: ; ::l2:: ;;
end
print("ok")
