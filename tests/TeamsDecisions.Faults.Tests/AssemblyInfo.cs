// Each test times a real outage against a burst of 500 requests on a 2-core machine; running them side by side
// would make them race each other rather than the fault.
[assembly: DoNotParallelize]
