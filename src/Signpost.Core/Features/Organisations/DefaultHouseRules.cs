namespace Signpost.Core.Features.Organisations;

/// <summary>
/// The starting text of an organisation's public house rules, after 004 Appendix B ("House
/// rules") and 000 §3.4. Communications managers edit it; moderation reasons cite it.
/// </summary>
public static class DefaultHouseRules
{
    public static string For(string organisationName) => $"""
        # House rules

        We welcome your comments and questions on {organisationName}'s social media channels. To keep them a safe and useful place for everyone, we ask you to follow these house rules.

        ## When we are here

        We look at our channels from 9am to 5pm, Monday to Friday, except bank holidays. We aim to reply within 2 hours in that time. Messages sent at other times are answered on the next working day.

        ## We cannot give medical advice

        We cannot give medical advice on social media. If you need medical help:

        - contact your GP surgery
        - go to NHS 111 online or call 111
        - call 999 in an emergency

        ## Do not share personal details

        Please do not post personal information, such as your NHS number, address, phone number or details of your care, in public. If you share them with us, we will hide or delete your message, pass your details to the right team and then delete them.

        ## Complaints

        We cannot handle complaints on social media. Please contact our patient experience team, who will look into your concerns.

        ## What we will remove

        We will hide or remove posts, and may block or report accounts, that:

        - are abusive, threatening, harassing or obscene
        - are discriminatory about a person's age, disability, gender identity, race, religion or belief, sex or sexual orientation
        - contain swearing or offensive language
        - share someone's personal or confidential information
        - advertise or sell products or services, or are spam
        - are off topic, repeated or meant to disrupt
        - break the law or could affect legal proceedings
        - spread false health information that could cause harm

        We will not remove a post only because it criticises us. We welcome feedback, and we use it to improve our services.

        ## Safeguarding

        If you tell us that someone is at risk of harm, we will pass this to our safeguarding team. If someone is in immediate danger, call 999.
        """;
}
