// The Swift 6.3.1 optimiser bug behind the old batch loop's release-only trap, in a few lines:
//
//     swiftc -O -parse-as-library scripts/swift-taskgroup-miscompile.swift -o /tmp/m && /tmp/m
//
// prints [0, 0, 0, 0] (with -sanitize=address: 0xBEBEBEBE…, never written) instead of [0, 1, 2, 3]:
// a child task closure with a do/catch around `try await` returns a tuple, and the store of the
// tuple's first element into the closure's indirect (noalias) result is deleted by LLVM's
// dead store elimination before the coroutine is split (-Xllvm -opt-bisect-limit finds DSEPass
// on that closure; -Xfrontend -disable-llvm-optzns or -Onone print the right answer). The old
// batch loop then indexed its results with that uninitialised Int. docs/release-grade.md.
import Foundation

func run(count: Int, _ work: @escaping @Sendable (Int) async throws -> String) async -> [Int] {
    var got: [Int] = []
    await withTaskGroup(of: (Int, String).self) { group in
        for position in 0..<count {
            group.addTask {
                do { return (position, try await work(position)) } catch { return (position, "error") }
            }
        }
        for await (position, _) in group { got.append(position) }
    }
    return got.sorted()
}

@main struct Main {
    static func main() async {
        let got = await run(count: 4) { position in
            try await Task.sleep(for: .microseconds(10))
            return "p\(position)"
        }
        print(got)
        if got != [0, 1, 2, 3] { exit(1) }
    }
}
