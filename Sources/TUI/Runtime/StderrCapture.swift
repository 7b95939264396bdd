import FoundationEssentials
import Glibc

/// Sends standard error to a temporary file while curses owns the terminal (anything written
/// there would scribble over the screen), and replays it when the terminal is restored, as
/// htop's `CRT_redirectStderr`/`CRT_dumpStderr` do.
final class StderrCapture {
    /// The file standard error goes to meanwhile.
    let captureDescriptor: Int32
    /// The real standard error.
    let originalDescriptor: Int32
    private var isActive = true

    /// Starts capturing; nil when no temporary file can be made (then nothing is redirected).
    init?() {
        guard let file = tmpfile() else { return nil }
        let capture = dup(fileno(file))
        fclose(file)
        let original = dup(STDERR_FILENO)
        guard capture >= 0, original >= 0, dup2(capture, STDERR_FILENO) >= 0 else {
            if capture >= 0 { close(capture) }
            if original >= 0 { close(original) }
            return nil
        }
        captureDescriptor = capture
        originalDescriptor = original
    }

    /// Restores standard error and writes to it what was captured. Safe to call twice.
    func restore() {
        guard isActive else { return }
        isActive = false
        fflush(nil)
        dup2(originalDescriptor, STDERR_FILENO)
        lseek(captureDescriptor, 0, SEEK_SET)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(captureDescriptor, &buffer, buffer.count)
            if count <= 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer[offset..<count].withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
                if written <= 0 { break }
                offset += written
            }
        }
        close(captureDescriptor)
        close(originalDescriptor)
    }
}
