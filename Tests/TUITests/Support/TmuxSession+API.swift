import Testing

extension TmuxSession {
    /// Starts the UI's API (`s`) on a free loopback port and returns the port the status line
    /// names.
    func startAPI() throws -> Int {
        try press("s")
        try waitFor("API address (host:port): 127.0.0.1:8008")
        try press("C-u")
        try type("127.0.0.1:0")
        try press("Enter")
        let screen = try waitFor("API http://127.0.0.1:", timeout: 60)
        let status = try #require(screen.last)
        return try #require(status.firstMatch(of: /API http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })
    }
}
