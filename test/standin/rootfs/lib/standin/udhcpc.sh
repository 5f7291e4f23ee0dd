#!/bin/sh
# shellcheck disable=SC2154 # udhcpc passes interface, ip, mask, router, dns in the environment
# udhcpc event script: configure eth0 from QEMU user networking's DHCP server.
case "$1" in
deconfig) ip -4 addr flush dev "$interface" 2>/dev/null; ip link set "$interface" up ;;
bound | renew)
    ip -4 addr flush dev "$interface" 2>/dev/null
    ip addr add "$ip/${mask:-24}" dev "$interface"
    for r in $router; do ip route add default via "$r" dev "$interface" 2>/dev/null; break; done
    : > /etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
    ;;
esac
exit 0
