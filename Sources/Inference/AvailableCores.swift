import NIOCore

/// The cores this process may use, which SnakeID sizes its lanes and decoders by.
///
/// The CPUs its affinity mask allows (`taskset`, a cpuset), and no more than a container's CPU
/// quota, rounded up: swift-nio's `System.coreCount` reads the cgroup (v1 or v2) quota and cpuset,
/// the kernel's `Cpus_allowed_list` gives the mask. FoundationEssentials' `activeProcessorCount`
/// counts every online CPU whatever the mask: under `taskset -c 0` on the 2-core machine it said
/// 2, and SnakeID ran two lanes on one core.
public enum AvailableCores {
    /// At least 1; read once per process.
    public static let count: Int = {
        let allowed = FileStream.reading("/proc/self/status")?.readToEnd(limit: 1 << 16).flatMap {
            cpuCount(status: String(decoding: $0, as: UTF8.self))
        }
        return max(min(NIOCore.System.coreCount, allowed ?? .max), 1)
    }()

    /// The CPUs in the `Cpus_allowed_list` line of a `/proc/PID/status` text ("0-3,8,10-11": 7),
    /// or nil when there is none or it does not parse.
    static func cpuCount(status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else {
            return nil
        }
        var count = 0
        for range in line.dropFirst("Cpus_allowed_list:".count).split(separator: ",") {
            let bounds = range.split(separator: "-").map { Int($0.trimmingWhitespace()) }
            guard let first = bounds.first ?? nil, let last = bounds.last ?? nil, bounds.count <= 2, last >= first
            else { return nil }
            count += last - first + 1
        }
        return count > 0 ? count : nil
    }
}
