#!/bin/bash
# Writes the demo school's people and one day of login records into DIR (used by demo.sh):
#   staff.csv       74 staff, headers 用户名,姓名,类别,部门 (as the office's spreadsheet has them)
#   2026级1班.csv    one class of 45 pupils, headers 学号,姓名,性别,年级,班级 (usernames made by the policy)
#   auth.log        the office server's sshd lines for 2026-11-25, as rsyslog writes them
#   wifi-detail     the Wi-Fi's FreeRADIUS accounting detail for that day
#   pc-logins.csv   the office and computer-room PCs' sign-ins that day (username,machine,start,end)
# On that day chenjun's account (the fifth on the staff list) is used in the computer room while
# he is signed in at his office PC: the account was lent. Usage: accounts.sh DIR
set -euo pipefail
DIR=${1:?usage: accounts.sh DIR}

surnames=(王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 赵:zhao 黄:huang 周:zhou 吴:wu 徐:xu 孙:sun 马:ma 朱:zhu 胡:hu)
given=(芳:fang 伟:wei 秀英:xiuying 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 艳:yan
    杰:jie 娟:juan 涛:tao 明:ming 超:chao 霞:xia 平:ping 刚:gang)
departments=(校长室 校长室 校长室 教导处 教导处 教导处 教导处 总务处 总务处 总务处 德育处 德育处)
subjects=(语文组 数学组 英语组 综合组)

# 74 staff: the first twelve in the offices, the rest in the subject groups; liuyang is #5.
{
    echo "用户名,姓名,类别,部门"
    n=0
    for ((i = 0; n < 74; i++)); do
        s=${surnames[i % ${#surnames[@]}]}
        g=${given[(i * 7 + i / ${#surnames[@]}) % ${#given[@]}]}
        user=${s#*:}${g#*:}
        name=${s%%:*}${g%%:*}
        grep -q "^$user," "$DIR/staff.csv.tmp" 2>/dev/null && continue
        if ((n < ${#departments[@]})); then dept=${departments[n]}; else dept=${subjects[n % 4]}; fi
        echo "$user,$name,教职工,$dept" | tee -a "$DIR/staff.csv.tmp"
        n=$((n + 1))
    done
} >"$DIR/staff.csv"
rm -f "$DIR/staff.csv.tmp"

# One class of 45 pupils: two-character and three-character names.
{
    echo "学号,姓名,性别,年级,班级"
    for ((i = 0; i < 45; i++)); do
        s=${surnames[(i * 5) % ${#surnames[@]}]}
        g=${given[(i * 3 + 1) % ${#given[@]}]}
        sex=$([ $((i % 2)) = 0 ] && echo 男 || echo 女)
        name="${s%%:*}${g%%:*}$([ $((i % 3)) = 0 ] && echo 宇 || true)"
        [ $i = 0 ] && first=$name
        [ $i = 44 ] && name=$first # two pupils of one name: the 学号 on their slips tells them apart
        printf '2026%04d,%s,%s,2026级,2026级1班\n' $((101 + i)) "$name" "$sex"
    done
} >"$DIR/2026级1班.csv"

staff() { sed -n "$(($1 + 2))p" "$DIR/staff.csv" | cut -d, -f1; }
lent=$(staff 4) # the fifth on the list

# The office server: the network administrator and three teachers over ssh, one after another.
{
    pid=4100
    ssh_session() { # USER IP PORT START END
        pid=$((pid + 37))
        echo "Nov 25 $4 office-server sshd[$pid]: Accepted password for $1 from $2 port $3 ssh2"
        echo "Nov 25 $4 office-server sshd[$pid]: pam_unix(sshd:session): session opened for user $1(uid=10000) by (uid=0)"
        echo "Nov 25 $5 office-server sshd[$((pid + 2))]: Received disconnect from $2 port $3:11: disconnected by user"
        echo "Nov 25 $5 office-server sshd[$((pid + 2))]: Disconnected from user $1 $2 port $3"
        echo "Nov 25 $5 office-server sshd[$pid]: pam_unix(sshd:session): session closed for user $1"
    }
    echo "Nov 25 07:30:01 office-server CRON[4001]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"
    ssh_session "$(staff 0)" 192.168.10.5 50122 07:52:10 08:31:45
    echo "Nov 25 09:14:02 office-server sshd[4390]: Failed password for invalid user admin from 10.20.30.40 port 40022 ssh2"
    echo "Nov 25 09:14:04 office-server sshd[4390]: Connection closed by invalid user admin 10.20.30.40 port 40022 [preauth]"
    ssh_session "$(staff 1)" 192.168.10.11 50731 10:02:33 10:40:09
    ssh_session "$(staff 2)" 192.168.10.12 51877 15:20:00 15:55:41
    ssh_session "$(staff 0)" 192.168.10.5 52210 16:45:12 17:02:30
} >"$DIR/auth.log"
touch -d "2026-11-25 23:59" "$DIR/auth.log"

# The Wi-Fi: six teachers' phones at lunch, Start and Stop.
{
    for i in 20 21 22 23 24 25; do
        user=$(staff $i)
        mac=$(printf "3C-2E-FF-%02X-%02X-%02X" $((i * 3)) $((i * 7 % 256)) $((i * 11 % 256)))
        start=$((1795536000 + 12 * 3600 + 5 * 60 + i * 60)) # 2026-11-25 12:05 (+08:00), a minute apart
        stop=$((start + 1500 + i * 10))
        for status in Start Stop; do
            t=$([ $status = Start ] && echo $start || echo $stop)
            TZ=Asia/Shanghai date -d "@$t" "+%a %b %e %H:%M:%S %Y"
            printf '\tAcct-Session-Id = "%08X"\n\tAcct-Status-Type = %s\n\tUser-Name = "%s"\n' $((i * 4099)) $status "$user"
            printf '\tNAS-IP-Address = 192.168.1.2\n\tNAS-Identifier = "school-wifi"\n'
            printf '\tCalling-Station-Id = "%s"\n\tFramed-IP-Address = 192.168.30.%d\n' "$mac" $((100 + i))
            [ $status = Stop ] && printf '\tAcct-Session-Time = %d\n\tAcct-Terminate-Cause = User-Request\n' $((stop - start))
            printf '\tEvent-Timestamp = "%s"\n\tTimestamp = %d\n\n' "$(TZ=Asia/Shanghai date -d "@$t" "+%b %e %Y %H:%M:%S CST")" $t
        done
    done
} >"$DIR/wifi-detail"

# The PCs: twelve teachers at their office PCs, the class in the computer room from 10:00,
# and the lent account on 机房-46 from 14:05 while its owner is at 办公室-05.
{
    echo "username,machine,start,end"
    for i in 3 4 5 6 7 8 9 10 11 12 13 14; do
        [ "$i" = 4 ] && continue
        printf "%s,办公室-%02d,2026-11-25 08:%02d,2026-11-25 11:%02d\n" "$(staff $i)" $i $((i + 5)) $((i + 30))
    done
    for i in $(seq 1 45); do
        printf "s202601%02d,机房-%02d,2026-11-25 10:00,2026-11-25 10:40\n" "$i" "$i"
    done
    echo "$lent,办公室-05,2026-11-25 13:30,2026-11-25 16:10"
    echo "$lent,机房-46,2026-11-25 14:05,2026-11-25 14:50"
} >"$DIR/pc-logins.csv"
