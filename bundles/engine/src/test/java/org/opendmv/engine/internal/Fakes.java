package org.opendmv.engine.internal;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.opendmv.devices.api.Device;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.payment.api.PaymentListener;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentService;
import org.opendmv.payment.api.PaymentState;
import org.opendmv.records.api.DriverRecord;
import org.opendmv.records.api.RecordsGateway;
import org.opendmv.records.api.RecordsUnavailableException;
import org.opendmv.records.api.VehicleRecord;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.Attachment;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.StatusChange;

/** In-memory stand-ins for the services around the engine (devices, records, store, payment). */
final class Fakes {
    private Fakes() {
    }

    /** A device of the given class whose one command answers with what {@code answer} supplies. */
    @SuppressWarnings("unchecked")
    static <T extends Device> T device(Class<T> type, Supplier<CompletableFuture<?>> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("toString") ? "fake " + type.getSimpleName() : m.invoke(answer, a);
            }
            if (m.getReturnType().getName().equals("java.util.concurrent.CompletionStage")) {
                return answer.get();
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    /** A device manager serving the given devices by their interface. */
    static DeviceManager devices(Device... devices) {
        return (DeviceManager) Proxy.newProxyInstance(DeviceManager.class.getClassLoader(), new Class<?>[] {DeviceManager.class},
                (p, m, a) -> {
                    if (m.getName().equals("role") && a.length == 1) {
                        for (Device d : devices) {
                            if (((Class<?>) a[0]).isInstance(d)) {
                                return Optional.of(d);
                            }
                        }
                        return Optional.empty();
                    }
                    if (m.getName().equals("toString")) {
                        return "fake devices";
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    static IdCardData card(String id, LocalDate birth, IdCardData.Sex sex, LocalDate validUntil) {
        return IdCardData.builder().name("测试甲").sex(sex).ethnicity("汉").birthDate(birth).address("北京市东城区测试大街1号")
                .idNumber(id).issuingAuthority("北京市公安局东城分局").validFrom(LocalDate.of(2020, 1, 1)).validUntil(validUntil)
                .photo(new byte[] {1, 2, 3}).build();
    }

    static final class Records implements RecordsGateway {
        final Map<String, DriverRecord> drivers = new LinkedHashMap<>();
        final Map<String, List<VehicleRecord>> vehicles = new LinkedHashMap<>();
        volatile boolean down;
        /** When set, a look-up waits for it: a slow back end. */
        volatile java.util.concurrent.CountDownLatch gate;
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);

        @Override
        public Optional<DriverRecord> driver(String idNumber) {
            entered.countDown();
            java.util.concurrent.CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (down) {
                throw new RecordsUnavailableException("down");
            }
            return Optional.ofNullable(drivers.get(idNumber));
        }

        @Override
        public List<VehicleRecord> vehicles(String owner) {
            if (down) {
                throw new RecordsUnavailableException("down");
            }
            return vehicles.getOrDefault(owner, List.of());
        }
    }

    static final class Store implements ApplicationStore {
        final Map<String, Application> apps = new LinkedHashMap<>();
        final Map<String, List<StatusChange>> history = new LinkedHashMap<>();
        final Map<String, Map<String, Attachment>> attachments = new LinkedHashMap<>();
        final Map<String, String> payments = new LinkedHashMap<>();
        final List<String> purged = new ArrayList<>();
        private final AtomicInteger seq = new AtomicInteger();

        @Override
        public synchronized Application submit(NewApplication a) {
            String serial = "20261124K001" + String.format("%06d", seq.incrementAndGet());
            Application app = new Application(serial, a.businessCode(), a.status(), a.idNumber() == null ? null : "masked",
                    a.feeFen(), Instant.now(), a.payload());
            apps.put(serial, app);
            attachments.put(serial, new LinkedHashMap<>(a.attachments()));
            history.computeIfAbsent(serial, k -> new ArrayList<>()).add(new StatusChange(a.status(), null, Instant.now()));
            return app;
        }

        @Override
        public synchronized Optional<Application> find(String serial) {
            return Optional.ofNullable(apps.get(serial));
        }

        @Override
        public synchronized List<Application> recent(int max) {
            return new ArrayList<>(apps.values());
        }

        @Override
        public synchronized List<StatusChange> history(String serial) {
            return history.getOrDefault(serial, List.of());
        }

        @Override
        public synchronized void changeStatus(String serial, String status, String note) {
            Application a = apps.get(serial);
            if (a == null) {
                throw new IllegalArgumentException(serial);
            }
            apps.put(serial, new Application(serial, a.businessCode(), status, a.maskedIdNumber(), a.feeFen(), a.createdAt(), a.payload()));
            history.get(serial).add(new StatusChange(status, note, Instant.now()));
        }

        @Override
        public synchronized long count() {
            return apps.size();
        }

        @Override
        public List<Application> byIdNumber(String idNumber, int max) {
            return List.of();
        }

        @Override
        public synchronized List<String> attachmentNames(String serial) {
            return new ArrayList<>(attachments.getOrDefault(serial, Map.of()).keySet());
        }

        @Override
        public synchronized Optional<Attachment> attachment(String serial, String name) {
            return Optional.ofNullable(attachments.getOrDefault(serial, Map.of()).get(name));
        }

        @Override
        public synchronized void setPaymentReference(String serial, String paymentRef) {
            payments.put(serial, paymentRef);
        }

        @Override
        public synchronized Optional<String> paymentReference(String serial) {
            return Optional.ofNullable(payments.get(serial));
        }

        @Override
        public synchronized void purgePersonalData(String serial, String reason) {
            attachments.remove(serial);
            Application a = apps.get(serial);
            apps.put(serial, new Application(serial, a.businessCode(), a.status(), a.maskedIdNumber(), a.feeFen(), a.createdAt(), Map.of()));
            purged.add(serial);
        }

        @Override
        public synchronized boolean changeStatusIf(String serial, String expected, String status, String note) {
            Application a = apps.get(serial);
            if (a == null) {
                throw new IllegalArgumentException(serial);
            }
            if (!a.status().equals(expected)) {
                return false;
            }
            changeStatus(serial, status, note);
            return true;
        }

        @Override
        public synchronized boolean cancelUnpaid(String serial, String expected, String reason) {
            if (payments.containsKey(serial) || !changeStatusIf(serial, expected, Application.CANCELLED, reason)) {
                return false;
            }
            purgePersonalData(serial, reason);
            return true;
        }

        @Override
        public List<String> fromEarlierRuns(String status) {
            return List.of();
        }

        @Override
        public synchronized List<String> serialsWithStatus(String status) {
            List<String> l = new ArrayList<>();
            apps.values().forEach(a -> {
                if (a.status().equals(status)) {
                    l.add(a.serial());
                }
            });
            return l;
        }

        synchronized List<String> statuses(String serial) {
            List<String> l = new ArrayList<>();
            history.getOrDefault(serial, List.of()).forEach(c -> l.add(c.status()));
            return l;
        }
    }

    /** Payments settled by the test: {@link #settle} plays the provider's notification. */
    static final class Payments implements PaymentService {
        final Map<String, PaymentOrder> orders = Collections.synchronizedMap(new LinkedHashMap<>());
        final List<PaymentListener> listeners = new CopyOnWriteArrayList<>();
        final List<String> closed = new CopyOnWriteArrayList<>();
        volatile boolean failCreate;
        /** The provider cannot confirm a close (unreachable, refused, the payer still paying). */
        volatile boolean closeUnconfirmed;
        /** The applications, for {@link #abandon}. */
        volatile Store store;
        /** How long create blocks, as a slow provider would. */
        volatile long createDelayMs;
        final java.util.concurrent.atomic.AtomicInteger creating = new java.util.concurrent.atomic.AtomicInteger();

        /**
         * Like the stored core: the order is written (CREATED) before the provider is asked; a failed
         * provider call leaves it CREATED and the next create places the same out_trade_no again.
         */
        @Override
        public PaymentOrder create(String serial, long amountFen, String description, Instant expiresAt) {
            creating.incrementAndGet();
            try {
                if (createDelayMs > 0) {
                    try {
                        Thread.sleep(createDelayMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                synchronized (this) {
                    PaymentOrder again = null;
                    for (PaymentOrder o : forSerial(serial)) {
                        if (o.state() == PaymentState.CREATED) {
                            again = o;
                        } else if (!o.state().isFinal()) {
                            return o;
                        }
                    }
                    String no = again != null ? again.outTradeNo() : serial + "P" + (forSerial(serial).size() + 1);
                    if (failCreate) {
                        orders.put(no, new PaymentOrder(no, serial, amountFen, description, null, PaymentState.CREATED, expiresAt, null,
                                "provider down"));
                        throw new org.opendmv.payment.api.PaymentException("provider down");
                    }
                    PaymentOrder o = new PaymentOrder(no, serial, amountFen, description, "weixin://test/" + no, PaymentState.PENDING,
                            expiresAt, null, null);
                    orders.put(no, o);
                    return o;
                }
            } finally {
                creating.decrementAndGet();
            }
        }

        void settle(String no, PaymentState state) {
            PaymentOrder o = orders.get(no).with(state, state == PaymentState.PAID ? "TX" + no : null, null);
            orders.put(no, o);
            listeners.forEach(l -> l.changed(o));
        }

        @Override
        public Optional<PaymentOrder> find(String outTradeNo) {
            return Optional.ofNullable(orders.get(outTradeNo));
        }

        @Override
        public List<PaymentOrder> forSerial(String serial) {
            List<PaymentOrder> l = new ArrayList<>();
            synchronized (orders) {
                orders.values().forEach(o -> {
                    if (o.serial().equals(serial)) {
                        l.add(o);
                    }
                });
            }
            return l;
        }

        @Override
        public PaymentOrder query(String outTradeNo) {
            return orders.get(outTradeNo);
        }

        @Override
        public PaymentOrder close(String outTradeNo) {
            closed.add(outTradeNo);
            PaymentOrder o = orders.get(outTradeNo);
            if (o.state().isFinal()) {
                return o;
            }
            PaymentOrder c = o.with(PaymentState.CLOSED, null, "closed");
            orders.put(outTradeNo, c);
            return c;
        }

        /** Like the stored core: cancel only when every order is confirmed closed; a payment wins. */
        @Override
        public org.opendmv.payment.api.Settlement abandon(String serial) {
            Application a = store.find(serial).orElseThrow(() -> new IllegalArgumentException(serial));
            if (a.status().equals(Application.SUBMITTED)) {
                return org.opendmv.payment.api.Settlement.PAID;
            }
            if (a.status().equals(Application.CANCELLED)) {
                return org.opendmv.payment.api.Settlement.CANCELLED;
            }
            store.changeStatusIf(serial, Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED, "left PAY");
            boolean open = false;
            for (PaymentOrder o : forSerial(serial)) {
                if (o.state() == PaymentState.PAID) {
                    PayStep.recordPaid(store, serial, o);
                    return org.opendmv.payment.api.Settlement.PAID;
                }
                if (!o.state().isFinal()) {
                    if (closeUnconfirmed) {
                        open = true;
                    } else {
                        close(o.outTradeNo());
                    }
                }
            }
            if (!open && store.cancelUnpaid(serial, Application.PAYMENT_UNSETTLED, "unpaid")) {
                return org.opendmv.payment.api.Settlement.CANCELLED;
            }
            return org.opendmv.payment.api.Settlement.UNSETTLED;
        }

        @Override
        public PaymentOrder refund(String outTradeNo, String reason) {
            PaymentOrder o = orders.get(outTradeNo).with(PaymentState.REFUNDED, null, "已退款");
            orders.put(outTradeNo, o);
            return o;
        }

        @Override
        public void addListener(PaymentListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(PaymentListener listener) {
            listeners.remove(listener);
        }
    }
}
