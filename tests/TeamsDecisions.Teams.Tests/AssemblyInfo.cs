// Every test class starts its own loopback servers and hosts, so classes are independent.
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]
