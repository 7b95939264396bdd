import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 channel, plus HTTP/1.0's connection rule: without `Connection:
/// keep-alive`, an HTTP/1.0 connection closes after its response.
///
/// Hummingbird closes a connection only when the request says `Connection: close`, and the HTTP
/// version is gone once NIO's request head becomes an `HTTPRequest`; so an HTTP/1.0 client that
/// waits for the close (ab, old proxies, `printf … | nc`) was held for the whole 75 s idle
/// timeout. A small handler in front of that conversion writes the rule into the header.
struct HTTP10AwareChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel
    var responder: HTTPChannelHandler.Responder { inner.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let codec = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
            try pipeline.addHandler(HTTP10ConnectionHandler(), position: .before(codec))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }

    /// `.http1(configuration:)` with this channel.
    static func builder(configuration: HTTP1Channel.Configuration) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            HTTP10AwareChannel(inner: HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}

/// Adds `Connection: close` to the head of an HTTP/1.0 request that did not ask to be kept alive.
final class HTTP10ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), head.version.major == 1, head.version.minor == 0,
            !head.isKeepAlive
        else {
            context.fireChannelRead(data)
            return
        }
        head.headers.replaceOrAdd(name: "connection", value: "close")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
