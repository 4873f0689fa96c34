/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.Ec2Host;
import dev.imds4j.EndpointMode;
import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsConfigurationException;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorExtension;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

final class ImdsAutoConfigurationTest {
    @RegisterExtension
    static final ImdsEmulatorExtension IMDS = ImdsEmulatorExtension.create();

    @TempDir
    Path dir;

    @Test
    void client_fromProperties_takesEverySetting(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues("imds4j.max-attempts=2",
                "imds4j.operation-timeout=3s", "imds4j.connect-timeout=250ms",
                "imds4j.read-timeout=4s", "imds4j.token-ttl=60s",
                "imds4j.endpoint-mode=ipv6").run(context -> {
                    ImdsClient client = context.getBean(ImdsClient.class);
                    assertThat(client.endpoint()).isEqualTo(imds.endpoint());
                    assertThat(client.config().maxAttempts().value()).isEqualTo(2);
                    assertThat(client.config().operationTimeout().value())
                            .isEqualTo(Duration.ofSeconds(3));
                    assertThat(client.config().connectTimeout().value())
                            .isEqualTo(Duration.ofMillis(250));
                    assertThat(client.config().readTimeout().value())
                            .isEqualTo(Duration.ofSeconds(4));
                    assertThat(client.config().tokenTtl().value())
                            .isEqualTo(Duration.ofSeconds(60));
                    assertThat(client.config().endpointMode().value())
                            .isEqualTo(EndpointMode.IPV6);
                    assertThat(client.get("/latest/meta-data/instance-id").reveal())
                            .isEqualTo("i-0b22a22eec53b9321");
                });
    }

    @Test
    void client_noProperties_fallsBackToTheEnvironment(ImdsEmulator imds) {
        TestContexts.runner().withBean(ImdsClientCustomizer.class, () -> b -> b
                .host(TestContexts.host(dir, "QEMU"))
                .environment(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT",
                        imds.endpoint().toString(), "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "3")))
                .run(context -> {
                    ImdsClient client = context.getBean(ImdsClient.class);
                    assertThat(client.endpoint()).isEqualTo(imds.endpoint());
                    assertThat(client.config().endpoint().source().toString())
                            .contains("AWS_EC2_METADATA_SERVICE_ENDPOINT");
                    assertThat(client.config().maxAttempts().value()).isEqualTo(3);
                    assertThat(client.knownOffEc2()).isFalse();
                });
    }

    @Test
    void client_propertyBeatsTheEnvironment(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withBean(ImdsClientCustomizer.class, () -> b -> b
                .environment(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9")))
                .run(context -> assertThat(context.getBean(ImdsClient.class).endpoint())
                        .isEqualTo(imds.endpoint()));
    }

    @Test
    void client_isClosedWithTheContext(ImdsEmulator imds) {
        List<ImdsClient> seen = new ArrayList<>();
        TestContexts.onEmulator(imds).run(context -> seen.add(context.getBean(ImdsClient.class)));
        assertThatThrownBy(() -> seen.get(0).get("/latest/meta-data/instance-id"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void client_applicationBean_replacesOursAndServesTheProperties(ImdsEmulator imds) {
        ImdsClient own = TestContexts.client(imds);
        try {
            TestContexts.runner().withBean("myImds", ImdsClient.class, () -> own)
                    .run(context -> {
                        assertThat(context).getBeans(ImdsClient.class).containsOnlyKeys("myImds");
                        assertThat(context.getEnvironment().getProperty("imds.instance-type"))
                                .isEqualTo("m5.large");
                        assertThat(imds.requests()).isNotEmpty();
                    });
        } finally {
            own.close();
        }
    }

    @Test
    void client_customizers_runInOrderAfterTheProperties(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues("imds4j.max-attempts=2")
                .withUserConfiguration(Customizers.class).run(context -> {
                    assertThat(context.getBean(ImdsClient.class).config().maxAttempts().value())
                            .isEqualTo(7);
                });
    }

    static final class Customizers {
        @org.springframework.context.annotation.Bean
        @Order(2)
        ImdsClientCustomizer second() {
            return b -> b.maxAttempts(7);
        }

        @org.springframework.context.annotation.Bean
        @Order(1)
        ImdsClientCustomizer first() {
            return b -> b.maxAttempts(5);
        }
    }

    @Test
    void client_invalidProperty_failsNamingIt(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues("imds4j.max-attempts=0").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("imds4j.max-attempts")
                        .hasStackTraceContaining("must be 1 to 20"));
        TestContexts.runner().withPropertyValues("imds4j.endpoint=ftp://x")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("imds4j.endpoint"));
    }

    @Test
    void disabled_definesNothing(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues("imds4j.enabled=false",
                "imds4j.interruption.enabled=true",
                "imds4j.metrics.common-tags.instance=instance-id").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ImdsClient.class)
                            .doesNotHaveBean(ImdsProperties.class);
                    assertThat(context.getEnvironment().getPropertySources()
                            .contains(ImdsPropertySource.NAME)).isFalse();
                    assertThat(context.getBeanNamesForType(
                            org.springframework.context.SmartLifecycle.class)).isEmpty();
                });
        assertThat(imds.requests()).isEmpty();
    }

    /** Records every {@code ImdsClient} the context creates, as it creates it. */
    static final class Built implements BeanPostProcessor {
        final List<ImdsClient> clients = new CopyOnWriteArrayList<>();

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (bean instanceof ImdsClient client) {
                clients.add(client);
            }
            return bean;
        }
    }

    /** A bean resolving two placeholders with defaults while the context starts. */
    static final class WithDefaults {
        @Value("${imds.instance-id:local}")
        String instanceId;
        @Value("${imds.placement.region:nowhere}")
        String region;
    }

    @Test
    void offEc2_clientNotBuiltByStartOrByResolvingKeys() {
        AtomicInteger customized = new AtomicInteger();
        Ec2Host qemu = TestContexts.host(dir, "QEMU");
        TestContexts.clientOnly().withBean(Built.class, Built::new)
                .withBean(ImdsClientCustomizer.class, () -> b -> {
                    customized.incrementAndGet();
                    b.host(qemu).environment(Map.of());
                })
                .withBean(WithDefaults.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeanFactory()
                            .containsBeanDefinition(ImdsAutoConfiguration.CLIENT)).isTrue();
                    assertThat(context.getBean(WithDefaults.class).instanceId)
                            .isEqualTo("local");
                    assertThat(context.getBean(WithDefaults.class).region).isEqualTo("nowhere");
                    var env = context.getEnvironment();
                    assertThat(env.getProperty("imds.instance-id")).isNull();
                    assertThat(env.getProperty("imds.tags.Name")).isNull();
                    assertThat(env.resolvePlaceholders("${imds.instance-type:t.small}"))
                            .isEqualTo("t.small");
                    assertThat(context.getBean(Built.class).clients).as("clients built")
                            .isEmpty();
                    assertThat(context.getBeanFactory()
                            .containsSingleton(ImdsAutoConfiguration.CLIENT)).isFalse();
                    assertThat(customized).as("customizer runs").hasValue(1);

                    ImdsClient client = context.getBean(ImdsClient.class);
                    assertThat(client.knownOffEc2()).isTrue();
                    assertThat(context.getBean(Built.class).clients).containsExactly(client);
                    assertThat(customized).as("customizer runs, the client built").hasValue(1);
                });
    }

    @Test
    void onEc2_firstResolutionBuildsTheClient_andTheContextClosesIt(ImdsEmulator imds) {
        Ec2Host ec2 = TestContexts.host(dir, "Amazon EC2");
        Built built = new Built();
        TestContexts.clientOnly().withPropertyValues("imds4j.endpoint=" + imds.endpoint(),
                "imds4j.read-timeout=10s").withBean(Built.class, () -> built)
                .withBean(ImdsClientCustomizer.class, () -> b -> b.host(ec2)).run(context -> {
                    assertThat(built.clients).as("clients built by the start").isEmpty();
                    assertThat(imds.requests()).isEmpty();
                    var env = context.getEnvironment();
                    assertThat(env.getProperty("imds.instance-id"))
                            .isEqualTo("i-0b22a22eec53b9321");
                    assertThat(env.getProperty("imds.placement.region")).isEqualTo("eu-west-1");
                    assertThat(env.getProperty("imds.identity.account-id"))
                            .isEqualTo("123456789012");
                    assertThat(built.clients).hasSize(1);
                    assertThat(built.clients.get(0).host().kind()).isEqualTo(Ec2Host.Kind.EC2);
                    assertThat(context.getBean(ImdsClient.class)).isSameAs(built.clients.get(0));
                });
        assertThat(built.clients).hasSize(1);
        assertThatThrownBy(() -> built.clients.get(0).get("/latest/meta-data/instance-id"))
                .as("the client after the context closed")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void offEc2_applicationClient_servesThePropertiesAndCustomizersDoNotApply(ImdsEmulator imds) {
        Ec2Host qemu = TestContexts.host(dir, "QEMU");
        try (ImdsClient own = TestContexts.client(imds)) {
            TestContexts.runner().withBean("myImds", ImdsClient.class, () -> own)
                    .withBean(ImdsClientCustomizer.class, () -> b -> b.host(qemu)
                            .environment(Map.of()))
                    .run(context -> {
                        assertThat(context).doesNotHaveBean(ImdsClientSettings.class)
                                .getBeans(ImdsClient.class).containsOnlyKeys("myImds");
                        assertThat(context.getEnvironment().getProperty("imds.instance-id"))
                                .isEqualTo("i-0b22a22eec53b9321");
                    });
        }
    }

    @Test
    void invalidEnvironmentSetting_failsTheFirstResolutionNamingIt() {
        Ec2Host qemu = TestContexts.host(dir, "QEMU");
        TestContexts.clientOnly().withBean(ImdsClientCustomizer.class, () -> b -> b.host(qemu)
                .environment(Map.of("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "many")))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThatThrownBy(() -> context.getEnvironment()
                            .getProperty("imds.instance-id"))
                            .isInstanceOf(ImdsConfigurationException.class)
                            .hasMessageContaining("AWS_METADATA_SERVICE_NUM_ATTEMPTS");
                });
    }

    @Test
    void properties_boundWhenAsked_oneBeanWithTheFeatures() {
        TestContexts.clientOnly().withPropertyValues("imds4j.max-attempts=3").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeanFactory()
                    .containsSingleton(ImdsAutoConfiguration.PROPERTIES)).as("bound at start")
                    .isFalse();
            assertThat(context.getBean(ImdsProperties.class).getMaxAttempts()).isEqualTo(3);
        });
        TestContexts.offEc2(dir).withPropertyValues("imds4j.interruption.enabled=true",
                "imds4j.metrics.common-tags.instance=instance-id").run(context -> {
                    assertThat(context).hasSingleBean(ImdsProperties.class);
                    assertThat(context.getBean(ImdsProperties.class).getInterruption()
                            .isEnabled()).isTrue();
                });
    }

    @Test
    void clientProperties_bindAsTheWholeBeanDoes() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "imds4j.endpoint", "http://127.0.0.1:1338/p",
                "imds4j.endpointMode", "ipv6",
                "imds4j.profile", "ops",
                "imds4j.token_ttl", "60s",
                "imds4j.max-attempts", "3",
                "imds4j.connect-timeout", "250ms",
                "imds4j.operation-timeout", "PT7S")));
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("IMDS4J_READTIMEOUT", "4s")));
        Binder binder = Binder.get(env);
        ImdsProperties whole = binder.bind(ImdsProperties.PREFIX, ImdsProperties.class).get();
        ImdsClients.ClientProperties one = ImdsClients.clientProperties(binder);
        assertThat(List.<Object>of(one.endpoint(), one.endpointMode(), one.profile(),
                one.tokenTtl(), one.maxAttempts(), one.connectTimeout(), one.readTimeout(),
                one.operationTimeout())).doesNotContainNull().containsExactly(
                        whole.getEndpoint(), whole.getEndpointMode(), whole.getProfile(),
                        whole.getTokenTtl(), whole.getMaxAttempts(), whole.getConnectTimeout(),
                        whole.getReadTimeout(), whole.getOperationTimeout());
        assertThat(one.anySet()).isTrue();
        ImdsClients.ClientProperties none = ImdsClients.clientProperties(
                Binder.get(new StandardEnvironment()));
        assertThat(none.anySet()).isFalse();
        assertThat(none.endpointMode()).isNull();
        // A client setting added to ImdsProperties must be added to ClientProperties too.
        assertThat(Arrays.stream(ImdsProperties.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())
                        && !Modifier.isFinal(f.getModifiers()))
                .map(Field::getName).filter(n -> !n.equals("enabled")))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(
                        ImdsClients.ClientProperties.class.getRecordComponents())
                        .map(RecordComponent::getName).toList());
    }

    @Test
    void defaultsOfTheStartPath_areThoseOfImdsProperties() {
        ImdsProperties defaults = new ImdsProperties();
        assertThat(ImdsEnvironmentPostProcessor.DEFAULT_ENABLED).isEqualTo(defaults.isEnabled())
                .isEqualTo(defaults.getPropertySource().isEnabled());
        assertThat(ImdsEnvironmentPostProcessor.DEFAULT_REFRESH)
                .isEqualTo(defaults.getPropertySource().getRefreshInterval());
    }

    @Test
    void offEc2_clientKnowsAndSendsNothing() {
        TestContexts.offEc2(dir).run(context -> {
            ImdsClient client = context.getBean(ImdsClient.class);
            assertThat(client.knownOffEc2()).isTrue();
            assertThat(client.host().evidence()).contains("QEMU");
        });
    }
}
