#!/bin/bash
# The demo school's machines as the office keeps them in a spreadsheet (Chinese headers):
# 100 lab PCs in two computer rooms, 24 multimedia sets (one per classroom), 12 office PCs,
# the server, four switches, the router, the wireless access point and the LED screen.
# Writes the CSV to standard output; demo.sh imports it with netsec-asset import.
awk 'BEGIN {
    print "资产编号,主机名,MAC地址,IP地址,位置,类型,责任人,操作系统,状态,购置日期"
    for (i = 1; i <= 100; i++) {
        room = i <= 50 ? "计算机教室1" : "计算机教室2"
        printf "LAB-%03d,LAB-%03d,52-54-00-10-%02X-%02X,10.10.%d.%d,%s,机房电脑,liuqiang,Windows 10,在用,2021-08-20\n",
            i, i, int(i / 256), i % 256, i <= 50 ? 1 : 2, 10 + i, room
    }
    for (i = 1; i <= 24; i++)
        printf "MM-%02d,MM-%02d,52-54-00-20-00-%02X,10.10.3.%d,%d年级%d班教室,多媒体教学设备,liuqiang,Windows 7,在用,2019-07-01\n",
            i, i, i, 10 + i, 1 + int((i - 1) / 4), 1 + (i - 1) % 4
    split("校长室 副校长室 教务处 教务处 总务处 财务室 德育处 办公室 办公室 少先队 图书室 卫生室", office, " ")
    for (i = 1; i <= 12; i++)
        printf "OF-%02d,OF-%02d,52-54-00-30-00-%02X,10.10.4.%d,%s,办公电脑,zhaoli,Windows 10,在用,2022-03-15\n",
            i, i, i, 10 + i, office[i]
    print "SRV-01,school-srv,52-54-00-40-00-01,10.10.0.10,网络中心,服务器,liuqiang,Debian 12,在用,2023-02-10"
    for (i = 1; i <= 4; i++)
        printf "SW-%02d,,52-54-00-50-00-%02X,10.10.0.%d,网络中心,交换机,liuqiang,,在用,2020-09-01\n", i, i, i + 1
    print "RT-01,,52-54-00-60-00-01,10.10.0.1,网络中心,路由器,liuqiang,,在用,2020-09-01"
    print "AP-01,,52-54-00-70-00-01,10.10.0.20,教学楼走廊,无线接入点,liuqiang,,在用,2022-09-01"
    print "LED-01,,,,校门,LED 显示屏,zhaoli,,在用,2021-05-01"
}'
