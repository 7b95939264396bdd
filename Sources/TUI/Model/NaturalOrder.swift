extension String {
    /// Whether this file name comes before `other` in the order of Finder and `ls -v`: runs of
    /// digits compare as numbers (`18_…` before `189_…`, `a2` before `a10`) and case is folded;
    /// names equal that way fall back to code points, so the order is total.
    func precedesNaturally(_ other: String) -> Bool {
        switch Self.naturalOrder(self, other) {
        case ..<0: true
        case 1...: false
        default: self < other
        }
    }

    /// -1, 0 or 1 as `a` comes before, with, or after `b` in natural order (case folded).
    private static func naturalOrder(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i].isASCIIDigit && b[j].isASCIIDigit {
                let (left, nextI) = digitRun(a, from: i)
                let (right, nextJ) = digitRun(b, from: j)
                // Numbers without their leading zeros: the longer is larger, else the first digit
                // that differs decides.
                if left.count != right.count { return left.count < right.count ? -1 : 1 }
                if left != right { return left.lexicographicallyPrecedes(right) ? -1 : 1 }
                i = nextI
                j = nextJ
            } else {
                if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
                i += 1
                j += 1
            }
        }
        return (a.count - i) == (b.count - j) ? 0 : (a.count - i < b.count - j ? -1 : 1)
    }

    private static func digitRun(_ characters: [Character], from start: Int) -> (ArraySlice<Character>, Int) {
        var end = start
        while end < characters.count && characters[end].isASCIIDigit { end += 1 }
        var first = start
        while first < end - 1 && characters[first] == "0" { first += 1 }
        return (characters[first..<end], end)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
