local function with_env(env)
  local _ENV = env
  return value
end
print(with_env({value = "a"}), with_env({value = "b"}), with_env({}))
