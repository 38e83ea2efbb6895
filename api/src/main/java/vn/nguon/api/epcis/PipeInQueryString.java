package vn.nguon.api.epcis;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * EPCIS query values list alternatives with {@code |} ({@code EQ_bizStep=shipping|receiving}),
 * and clients send it unencoded, as the standard's own examples do. {@code |} is not allowed
 * unencoded in a URI (RFC 3986), so the request URI could not be read and the request was
 * refused with 400. This handler, right after Netty's HTTP decoder, percent-encodes a raw
 * {@code |} in the request target ({@code %7C}), which the application then decodes as usual;
 * nothing else of the request changes, and other characters a URI may not hold are still refused.
 */
@Configuration(proxyBeanMethods = false)
class PipeInQueryString {

	static final String HANDLER = "nguon.pipeInQueryString";

	@Bean
	NettyServerCustomizer pipeInQueryStringCustomizer() {
		return server -> server.doOnChannelInit((observer, channel, remote) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(HANDLER) == null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, EncodePipe.INSTANCE);
			}
		});
	}

	/** Rewrites {@code |} to {@code %7C} in the request target. */
	@ChannelHandler.Sharable
	static final class EncodePipe extends ChannelInboundHandlerAdapter {

		static final EncodePipe INSTANCE = new EncodePipe();

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest request && request.uri().indexOf('|') >= 0) {
				request.setUri(request.uri().replace("|", "%7C"));
			}
			ctx.fireChannelRead(msg);
		}

	}

}
