import Foundation
import Testing

@testable import Inference

/// Counting the CPUs of a `Cpus_allowed_list` line.
@Suite struct AvailableCoresTests {
    @Test(arguments: [
        ("Name:\tsnakeid\nCpus_allowed_list:\t0-3,8,10-11\nMems_allowed:\t1\n", 7),
        ("Cpus_allowed_list:\t0-1\n", 2), ("Cpus_allowed_list:\t1\n", 1),
    ])
    func countsTheAllowedList(status: String, count: Int) {
        #expect(AvailableCores.cpuCount(status: status) == count)
    }

    @Test(arguments: [
        "Name:\tsnakeid\n", "Cpus_allowed_list:\t3-1\n", "Cpus_allowed_list:\ta-b\n", "Cpus_allowed_list:\t\n",
    ])
    func refusesWhatDoesNotParse(status: String) {
        #expect(AvailableCores.cpuCount(status: status) == nil)
    }

    @Test("this process's count is at least 1 and at most its allowed CPUs")
    func thisProcess() throws {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let allowed = try #require(AvailableCores.cpuCount(status: status))
        #expect(AvailableCores.count >= 1 && AvailableCores.count <= allowed)
    }
}
