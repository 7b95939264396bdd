import Foundation

extension String {
    /// Whether this file name comes before `other` in the order of Finder and `ls -v`: runs of
    /// digits compare as numbers (`18_…` before `189_…`, `a2` before `a10`) and case is folded;
    /// names equal that way fall back to code points, so the order is total.
    func precedesNaturally(_ other: String) -> Bool {
        switch localizedStandardCompare(other) {
        case .orderedAscending: true
        case .orderedDescending: false
        case .orderedSame: self < other
        }
    }
}
