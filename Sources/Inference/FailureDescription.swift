import FoundationEssentials
import Glibc

/// A short, human reason for an error from the file system or the standard library, for the
/// `reason` of SnakeID's typed errors: "No such file or directory" rather than a type dump.
public func describeFailure(_ error: any Error) -> String {
    if let error = error as? CocoaError {
        if let posix = error.userInfo["NSUnderlyingError"] as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
        case .fileReadNoPermission, .fileWriteNoPermission: return String(cString: strerror(EACCES))
        case .fileWriteFileExists: return String(cString: strerror(EEXIST))
        case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
        case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
        default: return "file system error \(error.code.rawValue)"
        }
    }
    if let error = error as? POSIXError { return String(cString: strerror(error.code.rawValue)) }
    if let error = error as? any LocalizedError, let description = error.errorDescription { return description }
    return String(describing: error)
}
