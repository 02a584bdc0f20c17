package org.opendmv.payment.wechat.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the WeChat Pay provider (PID {@value WechatPayProvider#PID}). Property names are
 * the method names with {@code _} read as {@code .} (e.g. {@code merchant.private.key.file}).
 * Key material is never in the configuration itself, only the paths of files readable by the
 * Karaf user alone (mode 0600 or 0400).
 */
@ObjectClassDefinition(name = "OpenDMV WeChat Pay (API v3, Native)",
        description = "Merchant identity, key files and endpoint of the WeChat Pay Native (QR code) provider")
@interface WechatPayConfig {
    @AttributeDefinition(name = "Merchant id (mchid)", description = "商户号")
    String mchid();

    @AttributeDefinition(name = "App id (appid)", description = "APPID bound to the merchant id")
    String appid();

    @AttributeDefinition(name = "Merchant certificate serial number",
            description = "Serial number of the merchant API certificate (商户API证书序列号), sent as serial_no")
    String merchant_serial_no();

    @AttributeDefinition(name = "Merchant private key file",
            description = "PEM PKCS#8 file (-----BEGIN PRIVATE KEY-----, apiclient_key.pem); mode 0600 or 0400")
    String merchant_private_key_file();

    @AttributeDefinition(name = "APIv3 key file",
            description = "File holding the 32-character APIv3 key (APIv3密钥); mode 0600 or 0400")
    String apiv3_key_file();

    @AttributeDefinition(name = "Platform verification mode", options = {
        @Option(value = "public-key", label = "WeChat Pay public key (微信支付公钥, PUB_KEY_ID_…)"),
        @Option(value = "certificate", label = "WeChat Pay platform certificate (平台证书)")})
    String platform_mode() default "public-key";

    @AttributeDefinition(name = "WeChat Pay public key file", required = false,
            description = "PEM -----BEGIN PUBLIC KEY----- file (public-key mode)")
    String platform_public_key_file() default "";

    @AttributeDefinition(name = "WeChat Pay public key id", required = false,
            description = "PUB_KEY_ID_… as sent in Wechatpay-Serial (public-key mode)")
    String platform_public_key_id() default "";

    @AttributeDefinition(name = "Platform certificate file", required = false,
            description = "PEM -----BEGIN CERTIFICATE----- file (certificate mode)")
    String platform_certificate_file() default "";

    @AttributeDefinition(name = "Platform certificate serial", required = false,
            description = "Serial number (hex) of the platform certificate (certificate mode); empty = read it from the certificate")
    String platform_certificate_serial() default "";

    @AttributeDefinition(name = "Base URL", description = "API host; https://api2.mch.weixin.qq.com is the backup")
    String base_url() default "https://api.mch.weixin.qq.com";

    @AttributeDefinition(name = "Notify URL", required = false,
            description = "HTTPS URL (no query string) WeChat Pay posts payment notifications to")
    String notify_url() default "";

    @AttributeDefinition(name = "Connect timeout (ms)", type = AttributeType.INTEGER, min = "1")
    int connect_timeout_ms() default 5000;

    @AttributeDefinition(name = "Request timeout (ms)", type = AttributeType.INTEGER, min = "1")
    int request_timeout_ms() default 10000;

    @AttributeDefinition(name = "Timestamp window (s)", type = AttributeType.INTEGER, min = "1",
            description = "Responses and notifications whose Wechatpay-Timestamp is further from now are rejected")
    int timestamp_window_seconds() default 300;
}
