tostring()
