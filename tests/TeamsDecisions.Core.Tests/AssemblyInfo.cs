// Every test builds its own RFC, clock and mocks, so methods can run side by side.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
