import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` so that clients send the body at once: curl, for one, asks
/// before any upload over 1 MB and otherwise waits a second for an answer that Hummingbird
/// never sends.
///
/// Bodies declared over the limit get no `100 Continue`: the route answers 413 straight away
/// and the client need not send them at all.
final class ExpectContinueHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private let maxBodyBytes: Int

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data),
            head.headerFields[.expect]?.lowercased() == "100-continue"
        else {
            context.fireChannelRead(data)
            return
        }
        head.headerFields[.expect] = nil
        let declared = head.headerFields[.contentLength].flatMap { Int($0) } ?? 0
        if declared <= maxBodyBytes {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
