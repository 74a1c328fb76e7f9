-- kernel-only: "1.5" is not convertible
for i = 1, "1.5" do end
